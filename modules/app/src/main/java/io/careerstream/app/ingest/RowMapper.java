package io.careerstream.app.ingest;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.topics.RejectionReason;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;

/**
 * Turns a row into a TouchpointEvent as its {@link ImportMapping} says. A value that cannot be read
 * (a number that is not one, a time in another format, a symbol the contract does not have) is
 * {@link RowRejected} here; whether the event keeps the contract (a customer, an order id, an
 * amount that is not negative, …) is for the pipeline's own rules, applied after this.
 */
public final class RowMapper {

    private final ImportMapping mapping;
    private final DateTimeFormatter timeFormat;
    private final String timeFormatName;
    private final ZoneId zone;

    public RowMapper(ImportMapping mapping) {
        this.mapping = mapping;
        FieldSpec occurredAt = mapping.field("occurredAt");
        String format = occurredAt.option("format");
        this.timeFormatName = format == null ? "iso" : format;
        try {
            this.zone = ZoneId.of(occurredAt.option("zone") == null ? "UTC" : occurredAt.option("zone"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("fields.occurredAt.zone: " + e.getMessage());
        }
        try {
            this.timeFormat = switch (timeFormatName) {
                case "iso", "epoch-millis", "epoch-seconds" -> null;
                default -> DateTimeFormatter.ofPattern(timeFormatName, Locale.ROOT).withZone(zone);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fields.occurredAt.format: '" + format + "' is not iso, epoch-millis, "
                    + "epoch-seconds or a java.time pattern such as yyyy-MM-dd HH:mm:ss: " + e.getMessage());
        }
        String unit = mapping.field("amount") == null ? null : mapping.field("amount").option("unit");
        if (unit != null && !unit.equals("major") && !unit.equals("minor")) {
            throw new IllegalArgumentException("fields.amount.unit: '" + unit + "' is not major (12.34) or minor (1234)");
        }
    }

    /**
     * The event for {@code row}; its eventId is the mapped one, or empty when the mapping has none
     * (the caller derives it from the content: {@link EventIds}).
     *
     * @throws RowRejected when a value cannot be read
     */
    public TouchpointEvent map(Row row) {
        String kind = text(row, "kind", "");
        TouchpointEvent.Builder event = TouchpointEvent.newBuilder()
                .setEventId(text(row, "eventId", ""))
                .setCustomerId(text(row, "customerId", ""))
                .setAlias(text(row, "alias", null))
                .setOccurredAt(occurredAt(row))
                .setChannel(text(row, "channel", "import"));
        switch (kind.toUpperCase(Locale.ROOT)) {
            case "PURCHASE" -> event.setPayload(purchase(row));
            case "INQUIRY" -> event.setPayload(new Inquiry(symbol(row, "inquiryKind", InquiryKind.class, null),
                    text(row, "topic", ""), bool(row, "resolved", false)));
            case "SOCIAL_MENTION" -> event.setPayload(new SocialMention(text(row, "platform", ""),
                    symbol(row, "sentiment", Sentiment.class, null), number(row, "reach", 0), bool(row, "referral", false)));
            case "EMAIL_ENGAGEMENT" -> event.setPayload(new EmailEngagement(text(row, "campaignId", ""),
                    symbol(row, "action", EmailAction.class, null), text(row, "variant", null), bool(row, "heldOut", false)));
            default -> throw new RowRejected(RejectionReason.UNKNOWN_PAYLOAD.name(), "kind '" + kind + "' ("
                    + mapping.field("kind").source() + ") is not one of " + ImportMapping.PAYLOAD.keySet()
                    + "; translate the file's values with map:");
        }
        return event.build();
    }

    private Purchase purchase(Row row) {
        String currency = text(row, "currency", "");
        String amount = text(row, "amount", null);
        long amountMinor = amount == null ? 0 : amountMinor(amount, currency);
        FieldSpec categories = mapping.field("categories");
        return new Purchase(text(row, "orderId", ""), amountMinor, currency,
                (int) number(row, "itemCount", 1), categories == null ? java.util.List.of() : categories.texts(row));
    }

    /** An amount in the currency's minor units: "12.34" USD (unit major, the default) is 1234; unit minor takes it as it is. */
    private long amountMinor(String text, String currency) {
        FieldSpec spec = mapping.field("amount");
        BigDecimal value;
        try {
            value = new BigDecimal(text.replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new RowRejected(RowRejected.UNPARSEABLE_VALUE, "amount '" + text + "' (" + spec.source() + ") is not a number");
        }
        if ("minor".equals(spec.option("unit"))) {
            try {
                return value.longValueExact();
            } catch (ArithmeticException e) {
                throw new RowRejected(RowRejected.UNPARSEABLE_VALUE, "amount '" + text + "' (" + spec.source()
                        + ", unit minor) is not a whole number of minor units");
            }
        }
        int digits;
        try {
            digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException | NullPointerException e) {
            return 0; // the currency is refused as INVALID_CURRENCY by the contract's rules, which name it better
        }
        try {
            return value.movePointRight(digits).longValueExact();
        } catch (ArithmeticException e) {
            throw new RowRejected(RowRejected.UNPARSEABLE_VALUE, "amount '" + text + "' (" + spec.source() + ") has more "
                    + "decimals than " + currency + " has (" + digits + ")");
        }
    }

    private Instant occurredAt(Row row) {
        FieldSpec spec = mapping.field("occurredAt");
        String text = spec.text(row);
        if (text == null) {
            throw new RowRejected(RejectionReason.INVALID_TIMESTAMP.name(), "occurredAt (" + spec.source() + ") is empty");
        }
        try {
            return switch (timeFormatName) {
                case "epoch-millis" -> Instant.ofEpochMilli(Long.parseLong(text));
                case "epoch-seconds" -> Instant.ofEpochSecond(Long.parseLong(text));
                case "iso" -> iso(text);
                default -> instant(timeFormat.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from));
            };
        } catch (DateTimeException | NumberFormatException e) {
            throw new RowRejected(RejectionReason.INVALID_TIMESTAMP.name(), "occurredAt '" + text + "' (" + spec.source()
                    + ") is not a time in the format " + timeFormatName);
        }
    }

    /** ISO-8601 with an offset, or a local date-time or date in the mapping's zone. */
    private Instant iso(String text) {
        if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$") && text.contains("T")) {
            return OffsetDateTime.parse(text).toInstant();
        }
        if (text.contains("T") || text.contains(" ")) {
            return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
        }
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
    }

    private Instant instant(TemporalAccessor parsed) {
        if (parsed instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (parsed instanceof LocalDateTime t) {
            return t.atZone(zone).toInstant();
        }
        return ((LocalDate) parsed).atStartOfDay(zone).toInstant();
    }

    private String text(Row row, String field, String absent) {
        FieldSpec spec = mapping.field(field);
        String text = spec == null ? null : spec.text(row);
        return text == null ? absent : text;
    }

    private long number(Row row, String field, long absent) {
        String text = text(row, field, null);
        if (text == null) {
            return absent;
        }
        try {
            return new BigDecimal(text).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RowRejected(RowRejected.UNPARSEABLE_VALUE, field + " '" + text + "' (" + mapping.field(field).source()
                    + ") is not a whole number");
        }
    }

    private boolean bool(Row row, String field, boolean absent) {
        String text = text(row, field, null);
        if (text == null) {
            return absent;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> throw new RowRejected(RowRejected.UNPARSEABLE_VALUE, field + " '" + text + "' ("
                    + mapping.field(field).source() + ") is not true or false");
        };
    }

    private <E extends Enum<E>> E symbol(Row row, String field, Class<E> type, E absent) {
        String text = text(row, field, null);
        if (text == null) {
            if (absent != null) {
                return absent;
            }
            throw new RowRejected(RowRejected.UNPARSEABLE_VALUE, field + " (" + (mapping.field(field) == null ? "not mapped"
                    : mapping.field(field).source()) + ") is empty; it must be one of " + Arrays.toString(type.getEnumConstants()));
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RowRejected(RowRejected.UNPARSEABLE_VALUE, field + " '" + text + "' (" + mapping.field(field).source()
                    + ") is not one of " + Arrays.toString(type.getEnumConstants()) + "; translate the file's values with map:");
        }
    }
}
