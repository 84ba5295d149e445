from banzhuren_app.permissions import ChildRow


class YearRolloverSchool(ChildRow):
	pass
