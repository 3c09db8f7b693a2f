-- An operator's hold on a node (lepton node cordon|drain), kept apart from what the node's source reports,
-- which each registration rewrites: JSON {by, reason, at, drain}, or NULL when the node is not held.
ALTER TABLE nodes ADD COLUMN cordon TEXT;
