"""Reports: the supervisor's KPI dashboard, oversight lists and exports."""
