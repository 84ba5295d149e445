"""What the app's PDFs add to Frappe's: the page number on every page ("2 / 5").

wkhtmltopdf prints a document's footer (``#footer-html``) only when it is built against its
patched Qt; Debian's is not, and prints neither the footer nor its page numbers. The PDF the
desk downloads is numbered here instead, after wkhtmltopdf, whichever build the site has.
"""

import io

import frappe
from frappe.core.doctype.access_log.access_log import make_access_log
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from banzhuren_app.doors.overrides import download_pdf as guarded_download_pdf

FONT_SIZE = 8  # points, in Helvetica (a PDF standard font: nothing to embed)
FROM_BOTTOM = 16  # points


def numbered(pdf: bytes) -> bytes:
	"""``pdf`` with "n / total" centred at the foot of each page."""
	reader = PdfReader(io.BytesIO(pdf))
	writer = PdfWriter()
	total = len(reader.pages)
	font = DictionaryObject(
		{
			NameObject("/Type"): NameObject("/Font"),
			NameObject("/Subtype"): NameObject("/Type1"),
			NameObject("/BaseFont"): NameObject("/Helvetica"),
		}
	)
	for number, page in enumerate(reader.pages, 1):
		width, height = float(page.mediabox.width), float(page.mediabox.height)
		text = f"{number} / {total}"
		left = width / 2 - len(text) * FONT_SIZE * 0.28  # about half the text's width
		stream = DecodedStreamObject()
		stream.set_data(f"BT /F1 {FONT_SIZE} Tf {left:.1f} {FROM_BOTTOM} Td ({text}) Tj ET".encode())
		stamp = PageObject.create_blank_page(width=width, height=height)
		stamp[NameObject("/Contents")] = writer._add_object(stream)
		stamp[NameObject("/Resources")] = DictionaryObject(
			{NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
		)
		page.merge_page(stamp)
		writer.add_page(page)
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


@frappe.whitelist(allow_guest=True)
def download_pdf(**kwargs):
	"""``frappe.utils.print_format.download_pdf``, guarded (``doors.overrides``), then numbered."""
	guarded_download_pdf(**kwargs)
	if frappe.local.response.get("type") == "pdf":
		frappe.local.response.filecontent = numbered(frappe.local.response.filecontent)
		# the audit's entry: who took which record's print away (Frappe logs the print view only)
		make_access_log(
			doctype=kwargs.get("doctype"), document=kwargs.get("name"), file_type="PDF", method="Download"
		)
