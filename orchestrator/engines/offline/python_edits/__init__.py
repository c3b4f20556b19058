"""The Python edits behind `insertion`, made on libcst's concrete syntax tree.

Every module here imports libcst, which takes a few tenths of a second to load; only
`insertion` imports them, inside the function that makes the edit, so a command that
edits nothing never pays for it.
"""
