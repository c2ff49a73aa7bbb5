"""The legal editor's tools: live preview, redline of the working tree, material changes, release."""
