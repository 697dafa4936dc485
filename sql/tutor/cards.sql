-- Cards a parent approved (seed 001, approved_cards): content is a JSON object, read as
-- card_content (a message's content is text, and MySQL decodes JSON columns by result name).

-- name: insert-card!
-- A new approved card (its id: last-insert-id, on the same connection).
INSERT INTO approved_cards (profile_id, card_type, content, approved_at)
VALUES (:profile_id, :card_type, :content, COALESCE(:approved_at, CURRENT_TIMESTAMP(6)));

-- name: get-card^
-- One card of a profile by id.
SELECT id, profile_id, card_type, content AS card_content, approved_at
  FROM approved_cards
 WHERE id = :id
   AND profile_id = :profile_id;

-- name: lock-card^
-- One card of a profile by id, row-locked (its delete writes the trail first).
SELECT id, profile_id, card_type, content AS card_content, approved_at
  FROM approved_cards
 WHERE id = :id
   AND profile_id = :profile_id
   FOR UPDATE;

-- name: list-cards
-- A profile's cards, newest first, one keyset page; :card_type NULL means every type.
SELECT id, profile_id, card_type, content AS card_content, approved_at
  FROM approved_cards
 WHERE profile_id = :profile_id
   AND (card_type = :card_type OR :card_type IS NULL)
   AND (approved_at < :before_approved_at
        OR (approved_at = :before_approved_at AND id < :before_id))
 ORDER BY approved_at DESC, id DESC
 LIMIT :limit;

-- name: all-cards
-- Every card of a profile in the order it was approved (the export).
SELECT id, profile_id, card_type, content AS card_content, approved_at
  FROM approved_cards
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: delete-card!
-- Removes one card of a profile.
DELETE FROM approved_cards
 WHERE id = :id
   AND profile_id = :profile_id;
