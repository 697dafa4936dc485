-- Undo tutor-0004.create-approved-cards: its statement in reverse, one for one
-- (idx_approved_cards_profile goes with the table).

DROP TABLE approved_cards;
