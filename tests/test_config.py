"""Run config: validation errors, includes, dotted overrides."""

from pathlib import Path

import pytest
import yaml

from pipeline.config import ConfigError, apply_override, load_config

REPO = Path(__file__).resolve().parent.parent


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data))
    return path


def minimal(tmp_path: Path) -> dict:
    (tmp_path / "in.jsonl").write_text('{"text": "hello"}\n')
    return {
        "run": {"output_dir": str(tmp_path / "out")},
        "sources": [{"name": "web", "format": "jsonl", "paths": [str(tmp_path / "in.jsonl")]}],
        "model": {"architecture": {"model_type": "llama"}},
    }


def test_demo_config_is_valid():
    config = load_config(REPO / "configs" / "demo.yaml", check_inputs=False)
    assert config.run.name == "demo"
    assert config.run.output_dir.is_absolute()


def test_every_problem_is_listed_with_its_dotted_path_and_the_file(tmp_path):
    data = minimal(tmp_path)
    data["curate"] = {"bogus": 1, "language": {"threshold": "high"}}
    data["train"] = {"max_steps": -3}
    data["sources"].append({"name": "missing", "format": "warc", "paths": [str(tmp_path / "nope.warc.gz")]})
    path = write(tmp_path / "bad.yaml", data)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message
    for dotted in ("curate.bogus: unknown key", "curate.language.threshold", "train.max_steps"):
        assert dotted in message
    assert "sources.1.paths.0: no file matches" in message and "nope.warc.gz" in message
    assert "4 problem(s)" in message


def test_overrides_parse_values_as_yaml_and_reach_nested_keys(tmp_path):
    path = write(tmp_path / "c.yaml", minimal(tmp_path))
    config = load_config(
        path,
        [
            "train.max_steps=7",
            "curate.dedup.minhash.n_grams=3",
            "train.mix={web: 1.0}",
            "sources.0.role=general",
        ],
    )
    assert config.train.max_steps == 7
    assert config.curate.dedup.minhash.n_grams == 3
    assert config.train.mix == {"web": 1.0}
    assert config.sources[0].role == "general"


def test_unknown_override_key_is_an_error(tmp_path):
    path = write(tmp_path / "c.yaml", minimal(tmp_path))
    with pytest.raises(ConfigError, match="curate.bogus: unknown key"):
        load_config(path, ["curate.bogus=1"])
    with pytest.raises(ConfigError, match="not of the form"):
        load_config(path, ["train.max_steps"])


def test_extends_merges_parent_and_child_wins(tmp_path):
    base = minimal(tmp_path)
    base["train"] = {"max_steps": 10, "lr": 0.01}
    write(tmp_path / "base.yaml", base)
    child = write(tmp_path / "child.yaml", {"extends": "base.yaml", "train": {"max_steps": 20}})
    config = load_config(child)
    assert (config.train.max_steps, config.train.lr) == (20, 0.01)


def test_extends_cycle_is_reported(tmp_path):
    write(tmp_path / "a.yaml", {"extends": "b.yaml"})
    write(tmp_path / "b.yaml", {"extends": "a.yaml"})
    with pytest.raises(ConfigError, match="cycle"):
        load_config(tmp_path / "a.yaml")


def test_relative_paths_resolve_against_the_current_directory(tmp_path, monkeypatch):
    data = minimal(tmp_path)
    data["run"]["output_dir"] = "runs/x"
    monkeypatch.chdir(tmp_path)
    config = load_config(write(tmp_path / "c.yaml", data))
    assert config.run.output_dir == tmp_path / "runs" / "x"


def test_apply_override_on_list_index():
    data = {"sources": [{"name": "a"}]}
    apply_override(data, "sources.0.name=b")
    assert data == {"sources": [{"name": "b"}]}


def test_a_child_mix_replaces_the_parent_mix(tmp_path):
    base = minimal(tmp_path)
    base["train"] = {"mix": {"web": 0.8, "general": 0.2}}
    write(tmp_path / "base.yaml", base)
    child = write(tmp_path / "child.yaml", {"extends": "base.yaml", "train": {"mix": {"general": 1.0}}})
    assert load_config(child).train.mix == {"general": 1.0}


def test_base_config_runs_in_the_base_folder_on_this_runs_tokens(tmp_path):
    from pipeline.config import base_run_config

    base = minimal(tmp_path)
    write(tmp_path / "base.yaml", base)
    main = minimal(tmp_path)
    main["model"] = {"base_config": str(tmp_path / "base.yaml")}
    config = load_config(write(tmp_path / "main.yaml", main))
    out = config.run.output_dir
    assert config.model.path == str(out / "base" / "model")
    pretrain = base_run_config(config)
    assert pretrain.run.output_dir == out / "base"
    assert pretrain.train.tokens_dir == out / "tokens"
    assert pretrain.tokenizer.path == str(out / "tokenizer")
    assert base_run_config(pretrain) is None
    main["model"] = {"base_config": str(tmp_path / "missing.yaml")}
    with pytest.raises(ConfigError, match="model.base_config: file not found"):
        load_config(write(tmp_path / "main2.yaml", main))
