-- name: insert-review^
-- A review by :reviewer_id; a second one by the same user is refused by the UNIQUE key.
-- One statement: the row comes back from RETURNING.
WITH r AS (
    INSERT INTO scenario_reviews (scenario_id, reviewer_id, rating, title, review_text)
    VALUES (:scenario_id, :reviewer_id, :rating, :title, :review_text)
    RETURNING *
)
SELECT r.id, r.scenario_id, r.reviewer_id, u.username AS reviewer_username, r.rating,
       r.title, r.review_text, r.helpful_count, r.is_verified, r.created_at, r.updated_at
  FROM r
  LEFT JOIN users u ON u.id = r.reviewer_id;

-- name: update-review^
-- A partial update of a review (:set_<column> flags); moves updated_at.
-- One statement: the row comes back from RETURNING.
WITH r AS (
    UPDATE scenario_reviews
       SET rating = CASE WHEN :set_rating THEN :rating ELSE rating END,
           title = CASE WHEN :set_title THEN :title ELSE title END,
           review_text = CASE WHEN :set_review_text THEN :review_text ELSE review_text END,
           updated_at = CURRENT_TIMESTAMP(6)
     WHERE id = :id
    RETURNING *
)
SELECT r.id, r.scenario_id, r.reviewer_id, u.username AS reviewer_username, r.rating,
       r.title, r.review_text, r.helpful_count, r.is_verified, r.created_at, r.updated_at
  FROM r
  LEFT JOIN users u ON u.id = r.reviewer_id;

-- name: get-new-review^
-- The review this connection's last insert made (the read-back of an insert).
SELECT r.id, r.scenario_id, r.reviewer_id, u.username AS reviewer_username, r.rating,
       r.title, r.review_text, r.helpful_count, r.is_verified, r.created_at, r.updated_at
  FROM scenario_reviews r
  LEFT JOIN users u ON u.id = r.reviewer_id
 WHERE r.id = lastval();
