"""What each spreadsheet import writes: its doctype, columns (from the doctype's own fields and
labels, so the Chinese headers are the desk's), natural key, how links are found by name or
code, and how a row becomes a record through the desk's own validation."""

from dataclasses import dataclass

import frappe
from frappe import _

from banzhuren_app.policy.spreadsheets import Column, Kind

# How a link cell finds its record: by the record's name or by one of these unique fields.
LOOKUP_FIELDS = {
	"School": ("school_code",),
	"Teacher": ("teacher_code",),
	"User": ("email",),
}
KINDS = {
	"Data": Kind.TEXT,
	"Small Text": Kind.TEXT,
	"Text": Kind.TEXT,
	"Int": Kind.INT,
	"Float": Kind.FLOAT,
	"Date": Kind.DATE,
	"Check": Kind.CHECK,
	"Select": Kind.OPTION,
	"Link": Kind.LINK,
}


@dataclass(frozen=True)
class Located:
	"""Columns that together name one record of another doctype (a class by school, school
	year, grade and name), resolved into ``fieldname``."""

	fieldname: str
	doctype: str
	parts: dict  # column fieldname -> the located doctype's field


@dataclass(frozen=True)
class Target:
	doctype: str
	fields: tuple  # the doctype's own fields, in template order
	key: tuple  # the natural key, by fieldname (after location)
	located: tuple = ()
	parent: tuple = ()  # a child table's (column, parent doctype, table field)
	optional: tuple = ()  # key columns that may be left empty (a quota's district or school)
	# New records are validated one by one and written in batches: only for doctypes whose
	# rules read no other record of the same doctype beyond unique keys.
	batched: bool = False

	@property
	def label(self) -> str:
		return _(self.doctype)

	def columns(self) -> list[Column]:
		meta = frappe.get_meta(self.doctype)
		columns = []
		if self.parent:
			column, doctype, _table = self.parent
			aliases = (_(doctype, lang="zh"), doctype, column)
			columns.append(Column(column, _(doctype), Kind.LINK, required=True, aliases=aliases, code=True))
		keys = self.key_columns()
		for located in self.located:
			located_meta = frappe.get_meta(located.doctype)
			for name, source in located.parts.items():
				columns.append(column_of(located_meta.get_field(source), name, True, name in keys))
		for fieldname in self.fields:
			required = fieldname in self.key and fieldname not in self.optional
			columns.append(column_of(meta.get_field(fieldname), fieldname, required, fieldname in keys))
		return columns

	def key_columns(self) -> set:
		"""The columns that make up the natural key, a located record's columns among them."""
		located = {name for loc in self.located if loc.fieldname in self.key for name in loc.parts}
		return set(self.key) | located

	def links(self) -> dict:
		"""Column fieldname -> the doctype its cells name."""
		meta = frappe.get_meta(self.doctype)
		links = {f: meta.get_field(f).options for f in self.fields if meta.get_field(f).fieldtype == "Link"}
		if self.parent:
			links[self.parent[0]] = self.parent[1]
		for located in self.located:
			located_meta = frappe.get_meta(located.doctype)
			for name, source in located.parts.items():
				df = located_meta.get_field(source)
				if df.fieldtype == "Link":
					links[name] = df.options
		return links

	def refused(self) -> dict:
		"""Headers that may not be imported, each with its reason: the workflow state (records
		enter at the workflow's first state) and fields the system fills."""
		meta = frappe.get_meta(self.doctype)
		state_field = frappe.get_cached_value(
			"Workflow", {"document_type": self.doctype, "is_active": 1}, "workflow_state_field"
		)
		refused = {}
		for df in meta.fields:
			if df.fieldname in self.fields or not df.label:
				continue
			if df.fieldname == state_field or (df.fieldname == "status" and state_field):
				reason = _(
					"The column {header} is a workflow state: records are imported at the workflow's first state and move on through the workflow."
				)
			elif df.read_only:
				reason = _("The column {header} is filled in by the system and cannot be imported.")
			else:
				continue
			for name in (_(df.label, lang="zh"), _(df.label), df.label, df.fieldname):
				refused[name] = reason
		return refused


def column_of(df, fieldname: str, required: bool, key: bool = False) -> Column:
	"""The column of a field; a key's and a link's cells are codes (full-width read as ASCII)."""
	kind = KINDS[df.fieldtype]
	options, choices = {}, ()
	if kind == Kind.OPTION:
		values = [option for option in (df.options or "").split("\n") if option]
		choices = tuple(_(option) for option in values)
		for value in values:  # a cell may give the option in Chinese, in the user's language or as stored
			options.update({_(value, lang="zh"): value, _(value): value, value: value})
	elif kind == Kind.CHECK:
		choices = ("是", "否")
	return Column(
		fieldname=fieldname,
		header=_(df.label),
		kind=kind,
		required=required or bool(df.reqd),
		options=options,
		choices=choices,
		aliases=(_(df.label, lang="zh"), df.label, fieldname),
		code=key or kind == Kind.LINK,
	)


CLASS = Located(
	"school_class",
	"School Class",
	{
		"class_school": "school",
		"class_year": "school_year",
		"class_grade": "grade",
		"class_name": "class_name",
	},
)

TARGETS = {
	"School": Target(
		"School",
		(
			"school_name",
			"school_code",
			"category",
			"bureau",
			"is_rural",
			"number_of_classes",
			"has_primary",
			"has_junior",
			"has_senior",
			"has_vocational",
		),
		key=("school_name",),
		batched=True,
	),
	"School Class": Target(
		"School Class",
		("school", "school_year", "grade", "class_name", "student_count"),
		key=("school", "school_year", "grade", "class_name"),
		batched=True,
	),
	"Teacher": Target(
		"Teacher",
		(
			"teacher_code",
			"full_name",
			"gender",
			"date_of_birth",
			"school",
			"user",
			"party_member",
			"ideology_teacher",
			"subject",
			"professional_title",
			"teaching_since",
			"prior_homeroom_years",
			"development_stage",
			"highest_degree",
			"degree_field",
			"mental_health_certificate",
		),
		key=("teacher_code",),
		batched=True,
	),
	"Homeroom Appointment": Target(
		"Homeroom Appointment",
		("teacher", "role", "start_date", "end_date", "appointed_by", "mentor"),
		key=("teacher", "school_class", "role", "start_date"),
		located=(CLASS,),
	),
	"Training Record": Target(
		"Training Record",
		("teacher", "title", "category", "hours", "training_date", "end_date", "status"),
		key=("teacher", "title", "training_date"),
		batched=True,
	),
	"Award Quota": Target(
		"Award Quota",
		("district", "school", "quota"),
		key=("award_round", "district", "school"),
		optional=("district", "school"),
		parent=("award_round", "Award Round", "allocations"),
	),
}
