"""A datatrove reader for plain-text files (books, transcripts): datatrove has none.

A long text is cut into documents of whole paragraphs (blank-line separated) of about
`document_words` words, the length of a web page, so that a book is not one 200,000-word document
(Gopher's length rule would drop it) and training samples it evenly.
"""

from __future__ import annotations

import re

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.readers.base import BaseDiskReader

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
DOCUMENT_WORDS = 1000


class TextFileReader(BaseDiskReader):
    """One document per ~`document_words` words of each UTF-8 text file (.txt, optionally .gz):
    `id` = `<path>#<n>`, metadata `url` = a file:// URL of the file with the same `#<n>` (URL dedup
    must not take the parts of one book for captures of one page)."""

    name = "📄 Text files"

    def __init__(
        self, data_folder, paths_file=None, limit: int = -1, document_words: int = DOCUMENT_WORDS, **kwargs
    ):
        super().__init__(data_folder, paths_file, limit, **kwargs)
        self.document_words = document_words

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(
            filepath, "rt", encoding="utf-8-sig", errors="replace", compression="infer"
        ) as f:
            text = f.read().replace("\r\n", "\n")
        url = "file://" + self.data_folder.resolve_paths(filepath)
        pieces, words, index = [], 0, 0
        paragraphs = [p.strip("\n") for p in PARAGRAPH_BREAK.split(text) if p.strip()]
        for number, paragraph in enumerate(paragraphs):
            pieces.append(paragraph)
            words += len(paragraph.split())
            if words >= self.document_words or number == len(paragraphs) - 1:
                data = {"text": "\n\n".join(pieces), "id": f"{filepath}#{index}", "url": f"{url}#{index}"}
                document = self.get_document_from_dict(data, filepath, index)
                if document:
                    yield document
                pieces, words, index = [], 0, index + 1
