"""`dapt crawl`: a polite, resumable crawl of a domain's own sites into WARC files.

    <run>/crawl/
      warc/<prefix>-NNNNN.warc.gz   request + response records (2xx pages of an accepted type);
                                    the open file is NAME.partial until it is closed
      log.jsonl                     one line per URL: its outcome, status, bytes, time, error, truncated
      stats.json                    counts by outcome and totals (the report shows them)
      frontier.sqlite               every URL seen, queued or done: what a restart resumes from

Curation reads the WARCs directly: a source with `format: crawl` means `crawl_warc_paths(run_dir)`.
"""

from pipeline.crawl.run import CrawlPaths, crawl_warc_paths, run_crawl

__all__ = ["CrawlPaths", "crawl_warc_paths", "run_crawl"]
