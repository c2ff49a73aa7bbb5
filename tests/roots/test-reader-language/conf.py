# A Danish source with one translated paragraph and one untranslated (tests/test_reader.py).
extensions = ["reader_language"]
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
translation_report_source_language = "da"
