from banzhuren_app.permissions import ChildRow


class YearRolloverDecision(ChildRow):
	pass
