from banzhuren_app.permissions import ChildRow


class ExpertScoreItem(ChildRow):
	pass
