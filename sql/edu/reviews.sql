-- Reviews (seed 003, scenario_reviews): one per user per scenario (its UNIQUE key), rating 1-5
-- (its CHECK). Writes run after lock-scenario, then refresh-rating in the same transaction.

-- name: insert-review^
-- then: get-new-review
-- A review by :reviewer_id; a second one by the same user is refused by the UNIQUE key.
INSERT INTO scenario_reviews (scenario_id, reviewer_id, rating, title, review_text)
VALUES (:scenario_id, :reviewer_id, :rating, :title, :review_text);

-- name: get-review^
-- One review with its reviewer's username.
SELECT r.id, r.scenario_id, r.reviewer_id, u.username AS reviewer_username, r.rating,
       r.title, r.review_text, r.helpful_count, r.is_verified, r.created_at, r.updated_at
  FROM scenario_reviews r
  LEFT JOIN users u ON u.id = r.reviewer_id
 WHERE r.id = :id;

-- name: get-review-owner^
-- Which scenario a review is of and who wrote it (the scenario is then locked).
SELECT scenario_id, reviewer_id
  FROM scenario_reviews
 WHERE id = :id;

-- name: lock-review^
-- A review's scenario, author, stars and votes, row-locked (after its scenario's lock): what
-- an edit or delete moves the reputations by.
SELECT scenario_id, reviewer_id, rating, helpful_count
  FROM scenario_reviews
 WHERE id = :id
   FOR UPDATE;

-- name: list-reviews
-- A scenario's reviews, newest first, one keyset page after (:before_created_at, :before_id).
SELECT r.id, r.scenario_id, r.reviewer_id, u.username AS reviewer_username, r.rating,
       r.title, r.review_text, r.helpful_count, r.is_verified, r.created_at, r.updated_at
  FROM scenario_reviews r
  LEFT JOIN users u ON u.id = r.reviewer_id
 WHERE r.scenario_id = :scenario_id
   AND (r.created_at < :before_created_at
        OR (r.created_at = :before_created_at AND r.id < :before_id))
 ORDER BY r.created_at DESC, r.id DESC
 LIMIT :limit;

-- name: update-review^
-- then: get-review
-- A partial update of a review (:set_<column> flags); moves updated_at.
UPDATE scenario_reviews
   SET rating = CASE WHEN :set_rating THEN :rating ELSE rating END,
       title = CASE WHEN :set_title THEN :title ELSE title END,
       review_text = CASE WHEN :set_review_text THEN :review_text ELSE review_text END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;

-- name: delete-review!
-- Removes a review.
DELETE FROM scenario_reviews
 WHERE id = :id;

-- name: mark-helpful!
-- One more helpful vote, from anyone but the review's author: a single increment.
UPDATE scenario_reviews
   SET helpful_count = helpful_count + 1
 WHERE id = :id
   AND (reviewer_id <> :viewer OR reviewer_id IS NULL);

-- name: list-review-stakes
-- What each review of a scenario gave (stars to the creator, helpful votes to its author), for
-- taking it back when the scenario goes. A locking read: the rows are about to be deleted, and
-- on MySQL a plain read would fix the snapshot early.
SELECT reviewer_id, rating, helpful_count
  FROM scenario_reviews
 WHERE scenario_id = :scenario_id
   FOR UPDATE;
