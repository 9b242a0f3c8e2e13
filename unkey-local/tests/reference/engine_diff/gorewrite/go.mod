module enginediffrewrite

go 1.18

require github.com/AfterShip/clickhouse-sql-parser v0.4.18
