-- Undo tutor-0004.create-approved-cards: its statements in reverse, one for one.

DROP INDEX idx_approved_cards_profile;

DROP TABLE approved_cards;
