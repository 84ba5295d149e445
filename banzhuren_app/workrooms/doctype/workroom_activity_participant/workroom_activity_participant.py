from banzhuren_app.permissions import ChildRow


class WorkroomActivityParticipant(ChildRow):
	pass
