# A small policy for the notice extension's tests: one activity, one vendor, a DPV mapping.
extensions = ["myst_parser", "gdpr", "notice"]
language = "da"
site_languages = ["da", "en"]
root_doc = "index"
exclude_patterns = ["_build"]
show_warning_types = True
nitpicky = True
vendors_file = "vendors.yaml"
vendors_json = ""
processing_file = "processing.yaml"
notice_mapping_file = "dpv.yaml"
reader_controller = {
    "name": "Firma A/S",
    "address": "Vej 1, 9000 Aalborg",
    "email": "kontakt@example.dk",
    "phone": "+45 11 22 33 44",
    "phone_uri": "tel:+4511223344",
}
