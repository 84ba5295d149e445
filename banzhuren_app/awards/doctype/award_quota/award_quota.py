from banzhuren_app.permissions import ChildRow


class AwardQuota(ChildRow):
	pass
