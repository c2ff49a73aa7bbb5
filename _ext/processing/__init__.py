"""The policy's processing as data that quotes the text (``policy/processing.yaml``).

Modules: ``facts`` (the YAML, pure: frozen dataclasses and every problem at
file:line:column), ``anchors`` (quotes matched against a section's text, pure).
"""
