-- Pull-request links are de-duplicated per agent stream by the shared detector (libs/events) now.
drop table if exists detected_pull_request;
