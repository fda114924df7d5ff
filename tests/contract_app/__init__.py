"""A test-only app: record types that exist only in the test settings, so that the generic
contract suite proves core's shared pieces (record links, money, many-to-many links and
child rows) on a type no module owns yet."""
