from banzhuren_app.permissions import ChildRow


class WorkroomEvaluationIndicator(ChildRow):
	pass
