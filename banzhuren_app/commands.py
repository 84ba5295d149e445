import click
from frappe.commands import get_site, pass_context


@click.command("banzhuren-demo")
@pass_context
def demo(context):
	"""Fill the site with the demo city and print a login for each role."""
	import frappe

	from banzhuren_app.demo import PASSWORD, make_demo
	from banzhuren_app.policy.security import BUREAU_ROLES
	from banzhuren_app.security import authenticator_key

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
		second = [login.user for login in logins if set(login.roles) & set(BUREAU_ROLES)]
		click.echo("Two-factor authentication: these logins also ask the code of an authenticator app")
		click.echo("(Google Authenticator, Microsoft Authenticator, FreeOTP...) holding their key:")
		for user in second:
			click.echo(f"  {user:34} {authenticator_key(user)}")
	finally:
		frappe.destroy()


commands = [demo]
