from banzhuren_app.permissions import ChildRow


class WorkroomAchievementCredit(ChildRow):
	pass
