from banzhuren_app.permissions import ChildRow


class PanelExpert(ChildRow):
	pass
