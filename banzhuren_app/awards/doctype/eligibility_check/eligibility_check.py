from banzhuren_app.permissions import ChildRow


class EligibilityCheck(ChildRow):
	pass
