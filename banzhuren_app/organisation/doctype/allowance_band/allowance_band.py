from banzhuren_app.permissions import ChildRow


class AllowanceBand(ChildRow):
	pass
