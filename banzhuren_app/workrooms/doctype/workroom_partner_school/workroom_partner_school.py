from banzhuren_app.permissions import ChildRow


class WorkroomPartnerSchool(ChildRow):
	pass
