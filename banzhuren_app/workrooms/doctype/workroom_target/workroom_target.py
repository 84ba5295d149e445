from banzhuren_app.permissions import ChildRow


class WorkroomTarget(ChildRow):
	pass
