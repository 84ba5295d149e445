import click
from frappe.commands import get_site, pass_context


@click.command("banzhuren-demo")
@pass_context
def demo(context):
	"""Fill the site with the demo city and print a login for each role."""
	import frappe

	from banzhuren_app.demo import PASSWORD, make_demo

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		logins = make_demo()
		click.echo(
			f"Demo city ready: {frappe.db.count('School')} schools, {frappe.db.count('School Class')} classes, {frappe.db.count('Teacher')} teachers."
		)
		click.echo(f"Password for every login: {PASSWORD}")
		for login in logins:
			click.echo(f"  {login.user:34} {', '.join(login.roles):34} sees {login.sees}")
	finally:
		frappe.destroy()


commands = [demo]
