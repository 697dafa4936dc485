-- name: get-new-review^
-- The review this connection's last insert made (the read-back of an insert).
SELECT r.id, r.scenario_id, r.reviewer_id, u.username AS reviewer_username, r.rating,
       r.title, r.review_text, r.helpful_count, r.is_verified, r.created_at, r.updated_at
  FROM scenario_reviews r
  LEFT JOIN users u ON u.id = r.reviewer_id
 WHERE r.id = LAST_INSERT_ID();
