package io.careerstream.app.http;

import com.google.common.net.UrlEscapers;

/**
 * A customer id in a URL path, as RFC 3986 wants a path segment: every character outside the
 * unreserved and a few safe ones percent-encoded as UTF-8, a slash included, a space as {@code %20}
 * (not the {@code +} of a form, which a path reads as a plus). Used wherever an id goes into a path:
 * an instance passing a request to the instance that holds the customer, {@code map explain}.
 */
public final class CustomerPaths {

    private CustomerPaths() {
    }

    public static String segment(String customerId) {
        return UrlEscapers.urlPathSegmentEscaper().escape(customerId);
    }
}
