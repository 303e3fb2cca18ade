"""The importer: a pipeline of pure steps.

    extract_text(data: bytes, filename: str) -> str                    (extract.py)
    parse_referat(text: str, source_name: str) -> ParsedMeeting        (parse.py, pure)
    load_meeting(parsed, ...) -> Meeting                               (load.py, one transaction)
    import_file(data, filename, ...) -> ImportResult                   (the three together)

Every failure is an ``ImporterError`` with one clear message saying what to do.
"""
