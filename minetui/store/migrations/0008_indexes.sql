-- Version 8: indexes for province scale (issue 9). Patrol duties of a year read (patrol_date, mine_id) from
-- this covering index in date order: no table lookups and no sort over ~240,000 patrols of a province year.
CREATE INDEX patrols_date_mine ON patrols (patrol_date, mine_id);
