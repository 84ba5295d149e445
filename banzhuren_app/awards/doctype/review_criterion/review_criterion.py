from banzhuren_app.permissions import ChildRow


class ReviewCriterion(ChildRow):
	pass
