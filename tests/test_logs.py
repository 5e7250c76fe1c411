"""Logging setup: the console follows sys.stderr, the run's log file gets every record, and a
second setup replaces the first one's handlers instead of stacking them."""

import io
import logging
import sys

from pipeline.logs import setup_logging


def test_console_follows_the_current_stderr_and_a_second_setup_replaces_the_first(tmp_path, monkeypatch):
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    setup_logging(tmp_path / "a")
    first.close()  # as pytest closes a test's captured stderr
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    setup_logging(tmp_path / "b")
    logging.getLogger("dapt.test").info("hello %d", 2)
    logging.getLogger("dapt.test").debug("only in the file")

    assert second.getvalue() == "INFO    hello 2\n"  # once: the first setup's console is gone
    assert "hello 2" not in (tmp_path / "a" / "logs" / "dapt.log").read_text()
    log = (tmp_path / "b" / "logs" / "dapt.log").read_text()
    assert "hello 2" in log and "only in the file" in log
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "dapt"]
    assert len(ours) == 2
    for handler in ours:
        logging.getLogger().removeHandler(handler)
        handler.close()
