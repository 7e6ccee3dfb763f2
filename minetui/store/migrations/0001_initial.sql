-- Version 1 is the first schema: an empty (version 0) database gets schema.sql as a whole, so this step is
-- never run on its own. Later versions add files 0002_*.sql, 0003_*.sql, … and update schema.sql alike.
SELECT 1;
