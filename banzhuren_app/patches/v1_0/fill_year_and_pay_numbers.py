from banzhuren_app.patches.v1_0 import fill_new_policy_numbers


def execute():
	"""The school year's stages (ORG-3) and the workload, allowance and 'excellent' shares
	(SJ-13, SJ-14, SJ-11) start at their defaults on a site installed before them."""
	fill_new_policy_numbers.execute()
