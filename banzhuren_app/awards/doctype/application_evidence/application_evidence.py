from banzhuren_app.permissions import ChildRow


class ApplicationEvidence(ChildRow):
	pass
