from banzhuren_app.permissions import ChildRow


class WorkroomMember(ChildRow):
	pass
