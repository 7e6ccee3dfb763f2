"""Combined single visits (综合检查, R-VISIT-1): the open tasks, the plan, the record and the visit sheet."""
