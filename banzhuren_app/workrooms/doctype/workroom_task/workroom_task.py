from banzhuren_app.permissions import ChildRow


class WorkroomTask(ChildRow):
	pass
