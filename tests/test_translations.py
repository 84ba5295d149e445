"""Chinese is first-class: every string the desk shows from the app has a zh translation."""

import re

from babel.messages.pofile import read_po

from tests.appmeta import APP, ui_strings

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalog():
	with open(APP / "locale" / "zh.po", "rb") as f:
		return read_po(f, locale="zh")


def test_every_ui_string_is_translated():
	translated = {m.id: m.string for m in catalog() if m.id}
	missing = sorted(s for s in ui_strings() if not translated.get(s))
	assert not missing, f"{len(missing)} strings lack a zh translation: {missing[:20]}"


def test_translations_keep_their_placeholders():
	for message in catalog():
		if message.id and message.string:
			assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), (
				message.id
			)


def test_translations_are_chinese():
	for message in catalog():
		if message.id and message.string:
			assert re.search(r"[\u4e00-\u9fff]", message.string), message.id
