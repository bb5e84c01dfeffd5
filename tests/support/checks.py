"""SQL checks shared by storage and crawl tests."""

# The articles left partial, by the rule a complete article obeys: one version row per version,
# the latest version's hash on the row, images and attachments as counted, a sighting.
PARTIAL_ARTICLES = """
select a.id from articles a where
  (select count(*) from article_versions v where v.article_id = a.id) != a.version
  or (select content_hash from article_versions v where v.article_id = a.id
      and v.version = a.version) is not a.content_hash
  or (select count(*) from images i where i.article_id = a.id) != coalesce(a.image_count, 0)
  or (select count(*) from attachments t where t.article_id = a.id)
     != coalesce(a.attachment_count, 0)
  or not exists (select 1 from article_sightings s where s.article_id = a.id)
"""
