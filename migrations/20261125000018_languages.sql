-- The language each person chose to read the product in: pages on every
-- browser they log in on, notifications, emails and invoices. Set at
-- sign-up from the language they signed up in, and by the switch in the
-- header. NULL (accounts older than this, staff-made ones) until they
-- choose: their browser decides, and mail goes out in French.

ALTER TABLE users
    ADD COLUMN lang TEXT CHECK (lang IN ('fr', 'en'));
