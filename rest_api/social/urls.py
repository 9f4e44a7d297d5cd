"""REST routes of profiles, follows, blocks, privacy settings, and likes and comments."""

from django.urls import path

from rest_api.social import reaction_views, views

urlpatterns = [
    path("users/<str:username>/", views.ProfileView.as_view(), name="user-profile"),
    path("users/<str:username>/diary/", views.UserDiaryView.as_view(), name="user-diary"),
    path("users/<str:username>/ratings/", views.UserRatingsView.as_view(), name="user-ratings"),
    path("users/<str:username>/favorites/", views.UserFavoritesView.as_view(), name="user-favorites"),
    path("users/<str:username>/watchlist/", views.UserWatchlistView.as_view(), name="user-watchlist"),
    path("users/<str:username>/followers/", views.FollowersView.as_view(), name="user-followers"),
    path("users/<str:username>/following/", views.FollowingView.as_view(), name="user-following"),
    path("users/<str:username>/follow/", views.FollowView.as_view(), name="user-follow"),
    path("users/<str:username>/block/", views.BlockView.as_view(), name="user-block"),
    path("user/follow-requests/", views.FollowRequestsView.as_view(), name="my-follow-requests"),
    path("user/follow-requests/<str:username>/", views.FollowRequestView.as_view(), name="my-follow-request"),
    path("user/followers/<str:username>/", views.FollowerView.as_view(), name="my-follower"),
    path("user/blocks/", views.BlocksView.as_view(), name="my-blocks"),
    path("user/privacy/", views.PrivacyView.as_view(), name="my-privacy"),
    path("user/feed/", views.FeedView.as_view(), name="my-feed"),
    path("movies/<int:tmdb_id>/friends/", views.FriendsRatingsView.as_view(), name="movie-friends"),
    path("reviews/<uuid:review_id>/like/", reaction_views.ReviewLikeView.as_view(), name="review-like"),
    path("reviews/<uuid:review_id>/likes/", reaction_views.ReviewLikesView.as_view(), name="review-likes"),
    path(
        "reviews/<uuid:review_id>/comments/",
        reaction_views.ReviewCommentsView.as_view(),
        name="review-comments",
    ),
    path("lists/<uuid:list_id>/like/", reaction_views.ListLikeView.as_view(), name="list-like"),
    path("lists/<uuid:list_id>/likes/", reaction_views.ListLikesView.as_view(), name="list-likes"),
    path("lists/<uuid:list_id>/comments/", reaction_views.ListCommentsView.as_view(), name="list-comments"),
    path("comments/<uuid:comment_id>/", reaction_views.CommentView.as_view(), name="comment-detail"),
]
