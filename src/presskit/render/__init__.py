"""The model turned into bytes: HTML through the sandboxed templates, the PDF layout and its
assembly, the EPUB, pictures, the press pack, the calendar and the web page's data.

Renderers read a loaded kit and return what they made; they write no output themselves (the
editions above hand their bytes to output.files).
"""
