"""Run by ``zconsole run etc/zope.conf create_site.py BODY_FILE`` (bench only):
a Classic-UI Plone site ``Plone`` with one published Document whose text is
the body of the portal's procedure page, so both servers render the same
content."""

import sys

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from plone import api
from plone.app.textfield.value import RichTextValue
from Products.CMFPlone.factory import addPloneSite
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

root = makerequest(app)  # noqa: F821 - zconsole binds ``app``
admin = root.acl_users.getUserById("admin")
newSecurityManager(None, admin.__of__(root.acl_users))
if "Plone" not in root.objectIds():
    addPloneSite(
        root,
        "Plone",
        title="Cổng dịch vụ công",
        extension_ids=("plone.app.contenttypes:default", "plonetheme.barceloneta:default"),
        setup_content=False,
        default_language="vi",
        portal_timezone="Asia/Ho_Chi_Minh",
    )
site = root.Plone
setSite(site)
with open(sys.argv[-1], encoding="utf-8") as handle:
    body = handle.read()
if "thu-tuc" in site.objectIds():
    api.content.delete(obj=site["thu-tuc"])
doc = api.content.create(container=site, type="Document", id="thu-tuc", title="Thủ tục hành chính")
doc.text = RichTextValue(body, "text/html", "text/x-html-safe")
api.content.transition(obj=doc, transition="publish")
doc.reindexObject()
transaction.commit()
print(site.absolute_url() + "/thu-tuc")
