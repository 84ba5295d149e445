from frappe.model.document import Document
from frappe.utils import getdate

from banzhuren_app.policy.organisation import check_school_year
from banzhuren_app.verdicts import enforce


class SchoolYear(Document):
	def validate(self):
		enforce(check_school_year(getdate(self.start_date), getdate(self.end_date)))
