"""The site's name on the login page and the public pages (install.name_the_site)."""

from banzhuren_app.install import name_the_site


def execute():
	name_the_site()
