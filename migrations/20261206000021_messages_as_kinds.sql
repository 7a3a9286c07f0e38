-- What the product says in a ledger line or a notification, as a message
-- kind and its values (`domain::msg::Msg`, JSON), so each reader sees it in
-- their own language. Rows written before keep their English text in
-- `note` / `message`, shown as it is.
ALTER TABLE escrow_transactions ADD COLUMN what JSONB;
ALTER TABLE notifications ADD COLUMN what JSONB;
-- A notification is either a text of old or a message kind.
ALTER TABLE notifications ALTER COLUMN message DROP NOT NULL;
ALTER TABLE notifications ADD CONSTRAINT notifications_said
    CHECK (message IS NOT NULL OR what IS NOT NULL);
